"""Rate limits on logging in, entering codes and posting ballots: in memory for one process,
in Redis (on 127.0.0.1:6379, as on every machine here) when workers must share them."""

import uuid

import pytest
from conftest import ALICE, PASSWORD


@pytest.fixture
def limited(new_app):
    def make(**config):
        return new_app(RATELIMIT_ENABLED=True, LIMIT_LOGIN="3/minute", LIMIT_IDENTIFY="3/minute",
                       LIMIT_BALLOT="3/minute", LIMIT_VERIFY="3/minute", EID_TEST_PROVIDER=True,
                       **config)
    return make


def test_login_is_limited_per_address(limited, officer):
    client = limited().test_client()
    codes = [client.post("/logga-in", data={"email": officer.email, "password": "wrong"}
                         ).status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    page = client.post("/logga-in", data={"email": officer.email, "password": PASSWORD})
    assert page.status_code == 429 and "<html" in page.text  # a page, in the user's language


def test_code_entry_is_limited(limited, voting_round):
    client = limited().test_client()
    url = f"/omgangar/{voting_round.id}/rosta/kod"
    codes = [client.post(url, data={"code": "AAAA-BBBB-CCCC", "personnummer": ALICE}
                         ).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]


def test_checking_result_files_is_limited(limited):
    client = limited().test_client()
    codes = [client.post("/granskning/kontrollera", data={}).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    assert client.get("/granskning/kontrollera").status_code == 200  # reading the page is not


def test_ballot_posts_are_limited_per_voter_not_per_address(limited, voting_round):
    app = limited()
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        assert client.post(f"/omgangar/{voting_round.id}/rosta/testlegitimering",
                           data={"personnummer": ALICE}).status_code == 302
    url = f"/omgangar/{voting_round.id}/rosta/valsedel"
    assert [first.post(url, data={"action": "update"}).status_code for _ in range(4)] == \
        [200, 200, 200, 429]
    # the same voter in another browser shares the limit; a new identity would not
    assert second.post(url, data={"action": "update"}).status_code == 429


def test_workers_share_limits_through_redis(limited, officer):
    prefix = f"test-{uuid.uuid4().hex}"
    redis = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
             "RATELIMIT_KEY_PREFIX": prefix}
    one, two = limited(**redis).test_client(), limited(**redis).test_client()
    data = {"email": officer.email, "password": "wrong"}
    assert [one.post("/logga-in", data=data).status_code for _ in range(3)] == [200] * 3
    assert two.post("/logga-in", data=data).status_code == 429  # another "worker"
