"""cognito-idp handlers, one package per Cognito concept (named as in backend/idp/)."""
