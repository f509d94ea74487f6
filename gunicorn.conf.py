"""gunicorn reads this file from the directory it starts in (the README's deployment starts it here).

It adds one check and changes no setting: at start-up, the document render limits of a request must fit the
worker timeout (`--timeout`), or gunicorn refuses to start. A request that waited for its render longer than
gunicorn lets it run would be killed with a 500 instead of answering "te groot / duurde te lang".
"""

from config import configuration, request_limits_fit


def on_starting(server) -> None:
    problems = request_limits_fit(configuration(), server.cfg.timeout)
    if problems:
        raise RuntimeError("the render limits do not fit the worker timeout: " + "; ".join(problems))
