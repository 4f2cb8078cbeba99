"""The README tour, end to end: sign-up code from the outbox, pycognito SRP, an identity id."""
import boto3
def test_readme_tour(cognito, cognito_idp, user_pool):
    ids = user_pool(AutoVerifiedAttributes=["email"])
    cognito_idp.sign_up(ClientId=ids.client_id, Username="bo", Password="Corr3ct-horse!",
                        UserAttributes=[{"Name": "email", "Value": "bo@example.com"}])
    code = cognito.outbox.last(to="bo@example.com").code
    cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="bo", ConfirmationCode=code)
    from pycognito import Cognito
    user = Cognito(ids.pool_id, ids.client_id, username="bo")
    user.authenticate(password="Corr3ct-horse!")
    identity = boto3.client("cognito-identity", region_name="us-east-1")
    pool = identity.create_identity_pool(IdentityPoolName="app", AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": f"cognito-idp.us-east-1.amazonaws.com/{ids.pool_id}",
                                   "ClientId": ids.client_id}])["IdentityPoolId"]
    logins = {f"cognito-idp.us-east-1.amazonaws.com/{ids.pool_id}": user.id_token}
    identity_id = identity.get_id(IdentityPoolId=pool, Logins=logins)["IdentityId"]
    assert identity_id == identity.get_id(IdentityPoolId=pool, Logins=logins)["IdentityId"]
