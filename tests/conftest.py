import pytest

from inspections.choices import Role
from tests.factories import (
    AuthorityFactory,
    InspectionFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Files written by a test go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the password-reset throttle uses it)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def unreachable_cache(settings):
    """CACHE_URL's Redis, down: nothing listens on port 1."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }


@pytest.fixture
def authority(db):
    return AuthorityFactory(name="Trafford Metropolitan Borough Council")


@pytest.fixture
def other_authority(db):
    return AuthorityFactory(name="Stockport Metropolitan Borough Council")


@pytest.fixture
def team(authority):
    return TeamFactory(authority=authority, name="Children in Care Service")


@pytest.fixture
def officer(authority, team):
    user = UserFactory(username="an-officer")
    MembershipFactory(user=user, authority=authority, role=Role.OFFICER)
    team.members.add(user)
    return user


@pytest.fixture
def manager(authority):
    user = UserFactory(username="a-manager")
    MembershipFactory(user=user, authority=authority, role=Role.MANAGER)
    return user


@pytest.fixture
def manager_client(client, manager):
    """The test client signed in as `manager`."""
    client.force_login(manager)
    return client


@pytest.fixture
def outsider(other_authority):
    user = UserFactory(username="outsider")
    MembershipFactory(user=user, authority=other_authority, role=Role.MANAGER)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def inspection(authority):
    return InspectionFactory(authority=authority)
