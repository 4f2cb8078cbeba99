"""The in-process transports: botocore's before-send hook and requests/urllib interception."""
