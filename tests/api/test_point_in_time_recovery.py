"""Point-in-time recovery: Initiate (a preview of what it would create, update and delete), Start
(users, memberships and groups back as they were), Cancel, expiry, the pause of writes while a
recovery is active, and the documented window, plan and limits."""
import gc
import weakref
from datetime import datetime, timezone

import pytest
import requests
from botocore.exceptions import ClientError
from helpers import error_of, requires

pytestmark = requires("InitiatePointInTimeRecovery")

PASSWORD, NEW_PASSWORD = "Passw0rd!", "N3w-Passw0rd!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
NONE = {"CreateCount": 0, "UpdateCount": 0, "DeleteCount": 0}
EPOCH = 1_790_000_000        # a whole second: RestoreTimestamp goes over the wire in milliseconds


def at(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc)


def paused(pool_id):
    return (f"A point-in-time recovery of user pool {pool_id} is in progress. Write operations are paused "
            "until the recovery is completed, canceled or expired.")


class Pool:
    def __init__(self, idp, tier="ESSENTIALS"):
        self.idp = idp
        self.id = idp.create_user_pool(PoolName="pitr", UserPoolTier=tier,
                                       AliasAttributes=["email"])["UserPool"]["Id"]
        self.client_id = idp.create_user_pool_client(UserPoolId=self.id, ClientName="app",
                                                     ExplicitAuthFlows=FLOWS)["UserPoolClient"]["ClientId"]

    def user(self, username, password=PASSWORD, **attributes):
        attrs = [{"Name": k, "Value": v} for k, v in attributes.items()]
        self.idp.admin_create_user(UserPoolId=self.id, Username=username, MessageAction="SUPPRESS",
                                   UserAttributes=attrs)
        self.idp.admin_set_user_password(UserPoolId=self.id, Username=username, Password=password, Permanent=True)

    def rename(self, username, name):
        self.idp.admin_update_user_attributes(UserPoolId=self.id, Username=username,
                                              UserAttributes=[{"Name": "name", "Value": name}])

    def sign_in(self, name, password=PASSWORD):
        return self.idp.initiate_auth(ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": name, "PASSWORD": password})

    def usernames(self):
        return sorted(u["Username"] for u in self.idp.list_users(UserPoolId=self.id)["Users"])

    def members(self, group):
        return sorted(u["Username"] for u in self.idp.list_users_in_group(UserPoolId=self.id, GroupName=group)["Users"])

    def attributes(self, name):
        got = self.idp.admin_get_user(UserPoolId=self.id, Username=name)["UserAttributes"]
        return {a["Name"]: a["Value"] for a in got if a["Name"] != "sub"}

    def initiate(self, seconds):
        return self.idp.initiate_point_in_time_recovery(UserPoolId=self.id, RestoreTimestamp=at(seconds))["Restoration"]

    def describe(self, restore_id):
        return self.idp.describe_point_in_time_recovery(UserPoolId=self.id, RestoreId=restore_id)["Restoration"]

    def start(self, restore_id):
        return self.idp.start_point_in_time_recovery(UserPoolId=self.id, RestoreId=restore_id)["Restoration"]

    def cancel(self, restore_id):
        return self.idp.cancel_point_in_time_recovery(UserPoolId=self.id, RestoreId=restore_id)["Restoration"]


def preview(restoration):
    return {p["Entity"]: {k: p[k] for k in NONE} for p in restoration["RestorePreview"]}


@pytest.fixture
def pool(cognito, idp):
    """ana (admins, verified email) and bob, then one second later the recovery point ``pool.t0``."""
    cognito.clock.freeze(EPOCH)
    made = Pool(idp)
    made.user("ana", email="ana@example.com", email_verified="true", name="Ana")
    made.user("bob", name="Bob")
    idp.create_group(UserPoolId=made.id, GroupName="admins", Description="the admins", Precedence=1)
    idp.admin_add_user_to_group(UserPoolId=made.id, Username="ana", GroupName="admins")
    cognito.clock.advance(1)
    made.t0 = cognito.clock.now()
    cognito.clock.advance(minutes=20)
    return made


def test_a_recovery_previews_then_brings_users_groups_and_memberships_back(cognito, idp, pool):
    idp.admin_delete_user(UserPoolId=pool.id, Username="ana")
    idp.delete_group(UserPoolId=pool.id, GroupName="admins")
    pool.rename("bob", "X")
    pool.user("late")
    cognito.clock.advance(minutes=1)

    made = pool.initiate(pool.t0)
    assert made["RestoreStatus"] == "PREVIEW_GENERATING" and "RestorePreview" not in made
    assert made["RestoreTimestamp"].timestamp() == pool.t0
    assert made["TriggerTimestamp"].timestamp() == cognito.clock.now()
    described = pool.describe(made["RestoreId"])
    assert described["RestoreStatus"] == "PREVIEW_GENERATED"
    assert preview(described) == {"Users": {"CreateCount": 1, "UpdateCount": 1, "DeleteCount": 1},
                                  "Groups": {"CreateCount": 1, "UpdateCount": 0, "DeleteCount": 0},
                                  "User MFAs": NONE, "Passkeys": NONE}
    assert pool.usernames() == ["bob", "late"]          # Initiate changes nothing

    started = pool.start(made["RestoreId"])
    assert started["RestoreStatus"] == "RESTORING" and preview(started) == preview(described)
    assert pool.describe(made["RestoreId"])["RestoreStatus"] == "RESTORE_COMPLETED"
    assert pool.usernames() == ["ana", "bob"]
    assert pool.sign_in("ana")["AuthenticationResult"]["AccessToken"]       # the deleted user, old password
    assert pool.sign_in("ana@example.com")["AuthenticationResult"]           # and her email alias
    with pytest.raises(ClientError) as raised:
        idp.admin_get_user(UserPoolId=pool.id, Username="late")
    assert error_of(raised) == ("UserNotFoundException", "User does not exist.")
    assert pool.attributes("bob")["name"] == "Bob"
    assert pool.members("admins") == ["ana"]
    group = idp.get_group(UserPoolId=pool.id, GroupName="admins")["Group"]
    assert (group["Description"], group["Precedence"]) == ("the admins", 1)
    found = idp.list_users(UserPoolId=pool.id, Filter='email = "ana@example.com"')["Users"]
    assert [u["Username"] for u in found] == ["ana"]
    pool.user("after")                                   # writes resume
    assert "after" in pool.usernames()


def test_a_user_who_changed_their_password_keeps_it(cognito, idp, pool):
    token = pool.sign_in("bob")["AuthenticationResult"]["AccessToken"]
    idp.change_password(AccessToken=token, PreviousPassword=PASSWORD, ProposedPassword=NEW_PASSWORD)
    pool.rename("bob", "X")
    cognito.clock.advance(minutes=1)
    restore_id = pool.initiate(pool.t0)["RestoreId"]
    assert preview(pool.describe(restore_id))["Users"] == {"CreateCount": 0, "UpdateCount": 1, "DeleteCount": 0}
    pool.start(restore_id)
    assert pool.attributes("bob")["name"] == "Bob"
    assert pool.sign_in("bob", NEW_PASSWORD)["AuthenticationResult"]
    with pytest.raises(ClientError) as raised:
        pool.sign_in("bob", PASSWORD)
    assert error_of(raised) == ("NotAuthorizedException", "Incorrect username or password.")


def test_the_state_at_the_point_is_the_one_of_its_second(cognito, idp, pool):
    """Changes in the recovery point's own second stay; the following seconds' are reverted."""
    for value in ("one", "two", "three"):
        cognito.clock.advance(minutes=1)
        pool.rename("bob", value)
        if value == "one":
            point = cognito.clock.now()
    cognito.clock.advance(minutes=20)
    restore_id = pool.initiate(point)["RestoreId"]
    assert preview(pool.describe(restore_id))["Users"] == {"CreateCount": 0, "UpdateCount": 1, "DeleteCount": 0}
    pool.start(restore_id)
    assert pool.attributes("bob")["name"] == "one"


def test_a_user_made_changed_deleted_and_made_again_comes_back_as_at_the_point(cognito, idp, pool):
    """Each step in a second of its own: the history keeps only the touched users' older images and the
    seconds in which users appeared, and gives back the state of the point's second."""
    pool.user("cy", name="C1")
    cognito.clock.advance(1)
    pool.rename("cy", "C2")
    point = cognito.clock.now()
    cognito.clock.advance(1)
    idp.admin_delete_user(UserPoolId=pool.id, Username="cy")
    cognito.clock.advance(1)
    pool.user("cy", name="C3")
    pool.user("dee", name="D")
    cognito.clock.advance(1)
    pool.rename("bob", "B2")
    cognito.clock.advance(minutes=20)
    restore_id = pool.initiate(point)["RestoreId"]
    assert preview(pool.describe(restore_id))["Users"] == {"CreateCount": 0, "UpdateCount": 2, "DeleteCount": 1}
    pool.start(restore_id)
    assert pool.usernames() == ["ana", "bob", "cy"]
    assert (pool.attributes("cy")["name"], pool.attributes("bob")["name"]) == ("C2", "Bob")


def test_mfa_settings_are_an_entity_of_their_own(cognito, idp, pool):
    idp.set_user_pool_mfa_config(UserPoolId=pool.id, MfaConfiguration="OPTIONAL",
                                 SmsMfaConfiguration={"SmsConfiguration": {
                                     "SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "x"}})
    idp.admin_update_user_attributes(UserPoolId=pool.id, Username="bob",
                                     UserAttributes=[{"Name": "phone_number", "Value": "+15550001234"}])
    idp.admin_set_user_mfa_preference(UserPoolId=pool.id, Username="bob", SMSMfaSettings={"Enabled": True})
    cognito.clock.advance(minutes=20)
    point = cognito.clock.now()
    cognito.clock.advance(minutes=1)
    idp.admin_set_user_mfa_preference(UserPoolId=pool.id, Username="bob", SMSMfaSettings={"Enabled": False})
    cognito.clock.advance(minutes=20)
    restore_id = pool.initiate(point)["RestoreId"]
    counts = preview(pool.describe(restore_id))
    assert counts["User MFAs"] == {"CreateCount": 1, "UpdateCount": 0, "DeleteCount": 0}
    assert counts["Users"] == NONE
    pool.start(restore_id)
    assert idp.admin_get_user(UserPoolId=pool.id, Username="bob")["UserMFASettingList"] == ["SMS_MFA"]


def test_writes_are_paused_while_a_recovery_is_active(cognito, idp, pool):
    idp.admin_create_user(UserPoolId=pool.id, Username="newbie", MessageAction="SUPPRESS", TemporaryPassword=PASSWORD)
    token = pool.sign_in("bob")["AuthenticationResult"]["AccessToken"]
    restore_id = pool.initiate(pool.t0)["RestoreId"]
    writes = [
        lambda: idp.admin_create_user(UserPoolId=pool.id, Username="x", MessageAction="SUPPRESS"),
        lambda: idp.sign_up(ClientId=pool.client_id, Username="y", Password=PASSWORD),
        lambda: idp.change_password(AccessToken=token, PreviousPassword=PASSWORD, ProposedPassword=NEW_PASSWORD),
        lambda: idp.admin_add_user_to_group(UserPoolId=pool.id, Username="bob", GroupName="admins"),
        lambda: idp.create_group(UserPoolId=pool.id, GroupName="more"),
    ]
    for write in writes:
        with pytest.raises(ClientError) as raised:
            write()
        assert error_of(raised) == ("InvalidParameterException", paused(pool.id))
    # sign-in and reads go on, but not the NEW_PASSWORD_REQUIRED challenge
    assert pool.sign_in("ana")["AuthenticationResult"]
    assert pool.usernames() == ["ana", "bob", "newbie"]
    challenge = pool.sign_in("newbie")
    with pytest.raises(ClientError) as raised:
        idp.respond_to_auth_challenge(ClientId=pool.client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                                      Session=challenge["Session"],
                                      ChallengeResponses={"USERNAME": "newbie", "NEW_PASSWORD": NEW_PASSWORD})
    assert error_of(raised) == ("InvalidParameterException", paused(pool.id))
    # the pool's configuration is not user data: not paused
    idp.update_user_pool_client(UserPoolId=pool.id, ClientId=pool.client_id, ClientName="renamed",
                                ExplicitAuthFlows=FLOWS)
    pool.cancel(restore_id)
    pool.user("x")
    assert pool.usernames() == ["ana", "bob", "newbie", "x"]


def test_cancel_discards_the_preview_and_changes_nothing(cognito, idp, pool):
    idp.admin_delete_user(UserPoolId=pool.id, Username="bob")
    restore_id = pool.initiate(pool.t0)["RestoreId"]
    cancelled = pool.cancel(restore_id)
    assert cancelled["RestoreStatus"] == "PREVIEW_CANCELLED" and "RestorePreview" not in cancelled
    assert "RestorePreview" not in pool.describe(restore_id)
    assert pool.usernames() == ["ana"]
    for call, verb in ((pool.start, "started"), (pool.cancel, "canceled")):
        with pytest.raises(ClientError) as raised:
            call(restore_id)
        message = f"Point-in-time recovery {restore_id} cannot be {verb} in status PREVIEW_CANCELLED."
        assert error_of(raised) == ("InvalidParameterException", message)


def test_a_preview_expires_24_hours_after_it_was_initiated(cognito, idp, pool):
    restore_id = pool.initiate(pool.t0)["RestoreId"]
    cognito.clock.advance(hours=23, minutes=59)
    assert pool.describe(restore_id)["RestoreStatus"] == "PREVIEW_GENERATED"
    cognito.clock.advance(minutes=1)
    expired = pool.describe(restore_id)
    assert expired["RestoreStatus"] == "PREVIEW_EXPIRED" and "RestorePreview" not in expired
    pool.user("carol")                                   # writes resumed
    with pytest.raises(ClientError) as raised:
        pool.start(restore_id)
    assert error_of(raised) == ("InvalidParameterException",
                                f"Point-in-time recovery {restore_id} cannot be started in status PREVIEW_EXPIRED.")


def test_an_unknown_recovery(idp, pool):
    unknown = "00000000-0000-4000-8000-000000000000"
    for call in (pool.describe, pool.start, pool.cancel):
        with pytest.raises(ClientError) as raised:
            call(unknown)
        assert error_of(raised) == ("ResourceNotFoundException",
                                    f"Point-in-time recovery {unknown} does not exist in user pool {pool.id}.")


def test_the_recovery_point_must_be_in_the_window(cognito, idp):
    cognito.clock.freeze(EPOCH)
    essentials, plus = Pool(idp), Pool(idp, tier="PLUS")
    created = cognito.clock.now()
    cognito.clock.advance(days=3)
    now = cognito.clock.now()
    cases = [
        (essentials, now - 14 * 60, "InvalidParameterException",
         "RestoreTimestamp must be at least 15 minutes in the past."),
        (essentials, created - 1, "InvalidParameterException",
         "RestoreTimestamp cannot be earlier than the creation time of the user pool."),
        (essentials, now - 86400 - 1, "FeatureUnavailableInTierException",
         "Recovering a user pool to 1.0 day(s) in the past requires the Plus feature plan."),
    ]
    for target, when, code, message in cases:
        with pytest.raises(ClientError) as raised:
            target.initiate(when)
        assert error_of(raised) == (code, message)
    assert plus.initiate(now - 2 * 86400)["RestoreStatus"] == "PREVIEW_GENERATING"
    assert essentials.initiate(now - 86400)["RestoreStatus"] == "PREVIEW_GENERATING"
    cognito.clock.advance(days=12)
    with pytest.raises(ClientError) as raised:
        plus.initiate(created)
    assert error_of(raised) == ("InvalidParameterException", "RestoreTimestamp must be within the last 14 days.")


def test_the_pool_must_have_been_on_the_plan_since_the_point(cognito, idp):
    cognito.clock.freeze(EPOCH)
    made = Pool(idp)
    cognito.clock.advance(days=2)
    idp.update_user_pool(UserPoolId=made.id, UserPoolTier="PLUS")
    cognito.clock.advance(hours=1)
    with pytest.raises(ClientError) as raised:
        made.initiate(cognito.clock.now() - 30 * 3600)
    assert error_of(raised) == ("FeatureUnavailableInTierException",
                                "The user pool must have been on the Plus feature plan since RestoreTimestamp.")
    assert made.initiate(cognito.clock.now() - 1800)["RestoreStatus"] == "PREVIEW_GENERATING"


def test_lite_pools_have_no_point_in_time_recovery(cognito, idp):
    cognito.clock.freeze(EPOCH)
    lite = Pool(idp, tier="LITE")
    cognito.clock.advance(hours=1)
    with pytest.raises(ClientError) as raised:
        lite.initiate(cognito.clock.now() - 1800)
    assert error_of(raised) == ("FeatureUnavailableInTierException", "The following features need to be disabled "
                                "for the LITE pricing tier configured: Point-in-time recovery")


def test_limits(cognito, idp, pool):
    first = pool.initiate(pool.t0)["RestoreId"]
    with pytest.raises(ClientError) as raised:
        pool.initiate(pool.t0)
    assert error_of(raised) == ("LimitExceededException",
                                f"User pool {pool.id} already has an active point-in-time recovery: {first}.")
    pool.cancel(first)
    pool.cancel(pool.initiate(pool.t0)["RestoreId"])
    pool.cancel(pool.initiate(pool.t0)["RestoreId"])
    with pytest.raises(ClientError) as raised:
        pool.initiate(pool.t0)
    assert error_of(raised) == ("LimitExceededException",
                                f"User pool {pool.id} has reached the limit of 3 recovery previews in 24 hours.")
    cognito.clock.advance(days=1)
    pool.start(pool.initiate(cognito.clock.now() - 3600)["RestoreId"])
    with pytest.raises(ClientError) as raised:
        pool.initiate(cognito.clock.now() - 3600)
    message = f"A point-in-time recovery of user pool {pool.id} was completed within the last 24 hours."
    assert error_of(raised) == ("LimitExceededException", message)


def test_list_is_newest_first_and_pages(cognito, idp, pool):
    made = []
    for _ in range(3):
        made.append(pool.initiate(pool.t0)["RestoreId"])
        pool.cancel(made[-1])
    got, token = [], None
    while True:
        page = idp.list_point_in_time_recoveries(UserPoolId=pool.id, MaxResults=2,
                                                 **({"NextToken": token} if token else {}))
        got += page["Restorations"]
        token = page.get("NextToken")
        if not token:
            break
    assert [r["RestoreId"] for r in got] == made[::-1]
    assert {r["RestoreStatus"] for r in got} == {"PREVIEW_CANCELLED"}
    assert all("RestorePreview" not in r and r["RestoreTimestamp"].timestamp() == pool.t0 for r in got)


def test_deleting_the_pool_forgets_its_history(cognito, idp, pool):
    idp.admin_delete_user(UserPoolId=pool.id, Username="bob")
    restore_id = pool.initiate(pool.t0)["RestoreId"]
    where = cognito.store.index.user_pools[pool.id]
    history = weakref.ref(cognito.store.region(*where).user_pools[pool.id].recovery)
    pool.cancel(restore_id)
    idp.delete_user_pool(UserPoolId=pool.id)
    gc.collect()
    assert history() is None
    with pytest.raises(ClientError) as raised:
        pool.describe(restore_id)
    assert error_of(raised) == ("ResourceNotFoundException", f"User pool {pool.id} does not exist.")


def test_an_account_has_at_most_five_active_recoveries(cognito, idp):
    cognito.clock.freeze(EPOCH)
    pools = [Pool(idp) for _ in range(6)]
    cognito.clock.advance(minutes=20)
    for made in pools[:5]:
        made.initiate(EPOCH)
    with pytest.raises(ClientError) as raised:
        pools[5].initiate(EPOCH)
    assert error_of(raised) == ("LimitExceededException",
                                "The account already has the maximum of 5 active point-in-time recoveries.")


def test_no_recovery_while_an_import_job_runs_and_no_import_during_one(cognito, idp):
    cognito.clock.freeze(EPOCH)
    pool_id = idp.create_user_pool(PoolName="import", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    role = "arn:aws:iam::123456789012:role/CognitoImportRole"
    job = idp.create_user_import_job(JobName="j", UserPoolId=pool_id, CloudWatchLogsRoleArn=role)["UserImportJob"]
    header = idp.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    row = {"cognito:username": "ana", "email": "ana@example.com", "email_verified": "TRUE",
           "cognito:mfa_enabled": "FALSE"}
    body = ",".join(header) + "\n" + ",".join(row.get(c, "") for c in header) + "\n"
    assert requests.put(job["PreSignedUrl"], data=body).status_code == 200
    idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])        # reads Pending until looked at
    cognito.clock.advance(minutes=20)
    point = at(EPOCH + 60)
    with pytest.raises(ClientError) as raised:
        idp.initiate_point_in_time_recovery(UserPoolId=pool_id, RestoreTimestamp=point)
    assert error_of(raised) == ("ConcurrentModificationException", f"A user import job is in progress in user pool "
                                f"{pool_id}. Initiate the recovery after it ends.")
    assert idp.describe_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]["Status"] == "Succeeded"
    idp.initiate_point_in_time_recovery(UserPoolId=pool_id, RestoreTimestamp=point)
    with pytest.raises(ClientError) as raised:
        idp.create_user_import_job(JobName="k", UserPoolId=pool_id, CloudWatchLogsRoleArn=role)
    assert error_of(raised) == ("InvalidParameterException", paused(pool_id))
