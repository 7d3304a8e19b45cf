"""Stand-in periodic jobs for the scheduler tests."""


def job_ok() -> str:
    return "done"


def job_fails() -> str:
    raise RuntimeError("boom")
