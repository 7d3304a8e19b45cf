import pytest

from casework.org.models import Role
from tests.factories import UserFactory


@pytest.fixture
def sector_admin(cast):
    """An administrator of the sector union: the sector's requests are theirs to handle."""
    return UserFactory(username="sector_admin", roles=[(Role.ADMIN, cast.sector)])
