"""The API's rate limit per person or token, counted in the cache (CACHE_URL's
Redis when set): an unreachable Redis lets requests through, logged, rather than
stopping the API."""

import logging

from redis.exceptions import RedisError
from rest_framework.throttling import UserRateThrottle

logger = logging.getLogger(__name__)


class PersonRateThrottle(UserRateThrottle):
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except RedisError:
            logger.warning("API rate not counted: the cache is unreachable")
            return True
