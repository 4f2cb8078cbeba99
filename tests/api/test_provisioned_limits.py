"""Get/UpdateProvisionedLimit: provisioned API request rates per account and Region."""
import boto3
import pytest
from botocore.exceptions import ClientError
from helpers import error_of


def definition(category):
    return {"LimitClass": "API_CATEGORY", "Attributes": {"Category": category}}


def get(idp, category):
    return idp.get_provisioned_limit(LimitDefinition=definition(category))["Limit"]


def update(idp, category, value):
    return idp.update_provisioned_limit(LimitDefinition=definition(category), RequestedLimitValue=value)["Limit"]


@pytest.mark.parametrize("category, default", [("UserAuthentication", 120), ("UserCreation", 50),
                                               ("UserFederation", 25)])
def test_defaults(idp, category, default):
    assert get(idp, category) == {"LimitDefinition": definition(category), "ProvisionedLimitValue": default,
                                  "FreeLimitValue": default}


def test_update_round_trip_per_region(idp, cognito):
    assert update(idp, "UserCreation", 80) == {"LimitDefinition": definition("UserCreation"),
                                               "ProvisionedLimitValue": 80, "FreeLimitValue": 50}
    assert get(idp, "UserCreation")["ProvisionedLimitValue"] == 80
    assert get(idp, "UserRead")["ProvisionedLimitValue"] == 120
    elsewhere = boto3.client("cognito-idp", region_name="eu-west-1")
    assert get(elsewhere, "UserCreation")["ProvisionedLimitValue"] == 50
    # back to the free rate
    assert update(idp, "UserCreation", 50)["ProvisionedLimitValue"] == 50


def test_value_between_default_and_maximum(idp):
    with pytest.raises(ClientError) as exc:
        update(idp, "UserCreation", 49)
    assert error_of(exc) == ("InvalidParameterException",
                             "RequestedLimitValue must be at least the default limit of 50 for category UserCreation.")
    with pytest.raises(ClientError) as exc:
        update(idp, "UserCreation", 501)
    assert error_of(exc) == ("ServiceQuotaExceededException",
                             "RequestedLimitValue 501 exceeds the account-level maximum of 500 for category "
                             "UserCreation. To increase this limit, submit a Service Quotas increase request.")
    assert get(idp, "UserCreation")["ProvisionedLimitValue"] == 50
    assert update(idp, "UserCreation", 500)["ProvisionedLimitValue"] == 500


def test_unknown_category_and_bad_definition(idp):
    with pytest.raises(ClientError) as exc:
        get(idp, "UserTeleportation")
    assert error_of(exc) == ("ResourceNotFoundException",
                             "Provisioned limit for category UserTeleportation does not exist.")
    for attributes in ({}, {"Category": "UserCreation", "Extra": "x"}, {"category": "UserCreation"}):
        with pytest.raises(ClientError) as exc:
            idp.get_provisioned_limit(LimitDefinition={"LimitClass": "API_CATEGORY", "Attributes": attributes})
        assert error_of(exc) == ("InvalidParameterException",
                                 "LimitDefinition.Attributes must contain exactly one attribute: Category.")


def test_managed_login_pools_keep_authentication_and_federation(idp, pool_id):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="my-app")
    for category in ("UserAuthentication", "UserFederation"):
        with pytest.raises(ClientError) as exc:
            update(idp, category, 200)
        assert error_of(exc) == ("InvalidParameterException",
                                 f"Managed login user pools don't support adjustments to the {category} category. "
                                 "To increase this limit, submit a Service Quotas increase request.")
        assert get(idp, category)["ProvisionedLimitValue"] == get(idp, category)["FreeLimitValue"]
    assert update(idp, "UserCreation", 60)["ProvisionedLimitValue"] == 60


def test_without_managed_login_authentication_is_adjustable(idp, pool_id):
    assert update(idp, "UserAuthentication", 200)["ProvisionedLimitValue"] == 200
