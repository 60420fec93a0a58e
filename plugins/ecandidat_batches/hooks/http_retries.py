"""Bounded retries for the HTTP hooks of this package: what is retried, how often, how long between.

Connection errors, timeouts and the given statuses (5xx, and 429 for Airflow's API) are retried with an
exponential backoff; any other answer is returned at once (a 4xx is an answer, not a failure to retry).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import requests
import tenacity


class RetryableStatusError(Exception):
    """The last attempt still answered a retryable status; the response is kept for the message."""

    def __init__(self, response: requests.Response) -> None:
        super().__init__(f"HTTP {response.status_code} from {response.request.path_url}")
        self.response = response


def send_with_retries(
    send: Callable[[], requests.Response],
    *,
    statuses: Collection[int],
    max_attempts: int,
    wait_max: float,
) -> requests.Response:
    """``send()`` until its answer's status is not in ``statuses``, at most ``max_attempts`` times.

    :raises RetryableStatusError: every attempt answered such a status.
    :raises requests.ConnectionError, requests.Timeout: the last attempt's.
    """

    def attempt() -> requests.Response:
        response = send()
        if response.status_code in statuses:
            raise RetryableStatusError(response)
        return response

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(max_attempts),
        wait=tenacity.wait_exponential(multiplier=0.2, max=wait_max),
        retry=tenacity.retry_if_exception_type(
            (RetryableStatusError, requests.ConnectionError, requests.Timeout)
        ),
        reraise=True,
    )
    return retrying(attempt)
