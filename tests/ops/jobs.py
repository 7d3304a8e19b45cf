"""Stand-in periodic jobs for the scheduler tests."""


def job_ok() -> str:
    return "done"


def job_fails() -> str:
    raise RuntimeError("boom")


class _Verdict:
    ok = False

    def __str__(self) -> str:
        return "2 problems found"


def job_reports_bad() -> _Verdict:
    return _Verdict()
