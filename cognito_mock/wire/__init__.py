"""The wire layer: botocore's models, decoding, validation, encoding. No Cognito semantics."""
