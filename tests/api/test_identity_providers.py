"""Create/Describe/Update/Delete/ListIdentityProviders, GetIdentityProviderByIdentifier."""
import base64
import datetime

import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from helpers import error_of

GOOGLE = {"client_id": "gid", "client_secret": "gsecret", "authorize_scopes": "openid email"}
OIDC = {"client_id": "oid", "client_secret": "osecret", "attributes_request_method": "GET",
        "oidc_issuer": "https://issuer.example.com", "authorize_scopes": "openid"}


def certificate_body():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.example.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def metadata(cert):
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
        <ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def test_google_provider_gets_aws_derived_details(idp, pool_id):
    made = idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google",
                                        ProviderDetails=GOOGLE, AttributeMapping={"email": "email"})["IdentityProvider"]
    details = made["ProviderDetails"]
    assert details["client_id"] == "gid" and details["authorize_url"] == "https://accounts.google.com/o/oauth2/v2/auth"
    assert details["oidc_issuer"] == "https://accounts.google.com"
    assert made["AttributeMapping"] == {"email": "email", "username": "sub"}
    assert made["IdpIdentifiers"] == []
    described = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Google")["IdentityProvider"]
    assert described == made


def test_social_provider_name_must_match_its_type(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName="MyGoogle", ProviderType="Google",
                                     ProviderDetails=GOOGLE)
    assert error_of(exc)[0] == "InvalidParameterException"


@pytest.mark.parametrize("kind,details,missing", [
    ("Google", {"client_id": "a", "authorize_scopes": "email"}, "client_secret"),
    ("SignInWithApple", {"client_id": "a", "team_id": "t", "key_id": "k", "authorize_scopes": "email"}, "private_key"),
    ("OIDC", {k: v for k, v in OIDC.items() if k != "oidc_issuer"}, "oidc_issuer"),
])
def test_required_details(idp, pool_id, kind, details, missing):
    name = kind if kind != "OIDC" else "corp"
    with pytest.raises(ClientError) as exc:
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName=name, ProviderType=kind, ProviderDetails=details)
    code, message = error_of(exc)
    assert code == "InvalidParameterException" and missing in message
    assert idp.list_identity_providers(UserPoolId=pool_id)["Providers"] == []


def test_facebook_and_amazon_derived_details(idp, pool_id):
    fb = idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Facebook", ProviderType="Facebook",
                                      ProviderDetails={**GOOGLE, "api_version": "v18.0"})["IdentityProvider"]
    assert fb["ProviderDetails"]["token_url"] == "https://graph.facebook.com/v18.0/oauth/access_token"
    assert fb["AttributeMapping"] == {"username": "id"}
    amazon = idp.create_identity_provider(UserPoolId=pool_id, ProviderName="LoginWithAmazon",
                                          ProviderType="LoginWithAmazon", ProviderDetails=GOOGLE)["IdentityProvider"]
    assert amazon["AttributeMapping"] == {"username": "user_id"}
    assert amazon["ProviderDetails"]["authorize_url"] == "https://www.amazon.com/ap/oa"


def test_saml_metadata_file_is_parsed(idp, pool_id):
    cert = certificate_body()
    made = idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Corp", ProviderType="SAML",
                                        ProviderDetails={"MetadataFile": metadata(cert)},
                                        IdpIdentifiers=["corp.example.com"])["IdentityProvider"]
    assert made["ProviderDetails"]["SSORedirectBindingURI"] == "https://idp.example.com/sso"
    assert made["ProviderDetails"]["SLORedirectBindingURI"] == "https://idp.example.com/slo"
    assert "username" not in made["AttributeMapping"]
    from cognito_mock.backend.idp.federation import saml
    parsed = saml.parse(made["ProviderDetails"]["MetadataFile"])
    assert parsed.entity_id == "https://idp.example.com/saml" and parsed.signing_certificates == [cert]
    found = idp.get_identity_provider_by_identifier(UserPoolId=pool_id, IdpIdentifier="corp.example.com")
    assert found["IdentityProvider"]["ProviderName"] == "Corp"


@pytest.mark.parametrize("details", [{"MetadataFile": "<not-xml"}, {},
                                     {"MetadataFile": "<a/>", "MetadataURL": "https://x.example.com/m"}])
def test_bad_saml_details(idp, pool_id, details):
    with pytest.raises(ClientError) as exc:
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Corp", ProviderType="SAML",
                                     ProviderDetails=details)
    assert error_of(exc)[0] == "InvalidParameterException"


def test_duplicate_name_and_identifier(idp, pool_id):
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="corp", ProviderType="OIDC",
                                 ProviderDetails=OIDC, IdpIdentifiers=["corp"])
    with pytest.raises(ClientError) as exc:
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName="corp", ProviderType="OIDC", ProviderDetails=OIDC)
    assert error_of(exc) == ("DuplicateProviderException", "A provider with the name corp already exists in this user pool.")
    with pytest.raises(ClientError) as exc:
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName="corp2", ProviderType="OIDC",
                                     ProviderDetails=OIDC, IdpIdentifiers=["corp"])
    assert error_of(exc)[0] == "DuplicateProviderException"
    assert [p["ProviderName"] for p in idp.list_identity_providers(UserPoolId=pool_id)["Providers"]] == ["corp"]


def test_attribute_mapping_must_name_pool_attributes(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName="corp", ProviderType="OIDC",
                                     ProviderDetails=OIDC, AttributeMapping={"custom:nope": "x"})
    assert error_of(exc)[0] == "InvalidParameterException"


def test_update_and_delete(idp, pool_id):
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="corp", ProviderType="OIDC",
                                 ProviderDetails=OIDC, IdpIdentifiers=["a"])
    updated = idp.update_identity_provider(UserPoolId=pool_id, ProviderName="corp", IdpIdentifiers=["b"],
                                           AttributeMapping={"email": "mail"})["IdentityProvider"]
    assert updated["IdpIdentifiers"] == ["b"] and updated["ProviderDetails"]["client_id"] == "oid"
    assert updated["AttributeMapping"] == {"email": "mail", "username": "sub"}
    with pytest.raises(ClientError) as exc:
        idp.get_identity_provider_by_identifier(UserPoolId=pool_id, IdpIdentifier="a")
    assert error_of(exc)[0] == "ResourceNotFoundException"
    idp.delete_identity_provider(UserPoolId=pool_id, ProviderName="corp")
    with pytest.raises(ClientError) as exc:
        idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="corp")
    assert error_of(exc) == ("ResourceNotFoundException", "Identity provider corp does not exist.")
    with pytest.raises(ClientError) as exc:
        idp.get_identity_provider_by_identifier(UserPoolId=pool_id, IdpIdentifier="b")
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_deleting_a_provider_drops_it_from_app_clients(idp, pool_id):
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="corp", ProviderType="OIDC", ProviderDetails=OIDC)
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web",
                                            SupportedIdentityProviders=["COGNITO", "corp"])["UserPoolClient"]["ClientId"]
    idp.delete_identity_provider(UserPoolId=pool_id, ProviderName="corp")
    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert client["SupportedIdentityProviders"] == ["COGNITO"]
    with pytest.raises(ClientError) as exc:
        idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client_id, SupportedIdentityProviders=["corp"])
    assert error_of(exc) == ("InvalidParameterException", f"The provider corp does not exist for User Pool {pool_id}")


def test_list_identity_providers_pages(idp, pool_id):
    for name in ("c", "a", "b"):
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName=f"prov{name}", ProviderType="OIDC",
                                     ProviderDetails=OIDC)
    first = idp.list_identity_providers(UserPoolId=pool_id, MaxResults=2)
    second = idp.list_identity_providers(UserPoolId=pool_id, MaxResults=2, NextToken=first["NextToken"])
    listed = first["Providers"] + second["Providers"]
    assert [p["ProviderName"] for p in listed] == ["prova", "provb", "provc"]
    assert set(listed[0]) == {"ProviderName", "ProviderType", "LastModifiedDate", "CreationDate"}
