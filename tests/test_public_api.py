import underreach_judge


def test_all_names_exist_and_are_sorted() -> None:
    exported = underreach_judge.__all__
    assert exported == sorted(exported)
    missing = [name for name in exported if not hasattr(underreach_judge, name)]
    assert missing == []


def test_no_unexported_public_names() -> None:
    public = {
        name
        for name, value in vars(underreach_judge).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("underreach_judge")
    }
    assert public <= set(underreach_judge.__all__)


#: what a user imports from the top of the package, and nothing else
INTENDED = {
    # grading
    "grade_conversation", "agrade_conversation", "grade_many", "calibrate", "Judge", "Panel", "Grader",
    # inputs and policy
    "read_logs", "to_conversation", "Conversation", "Message", "load_rubric", "Rubric", "render_prompt",
    # verdicts and numbers
    "Verdict", "Finding", "Flip", "Caveat", "Evidence", "Usage", "read_results", "aggregate", "Report",
    "compare", "Comparison", "Calibration",
    # backends and retry
    "JudgeBackend", "JudgeRequest", "JudgeResponse", "register_backend", "ScriptedBackend",
    "FunctionBackend", "RetryPolicy",
    # every error (exceptions.py)
    "UnderreachError", "ConversationError", "RowError", "LogRowError", "ResultRowError", "GoldenRowError",
    "RubricError", "SuiteError", "PromptError", "CalibrationError", "ComparisonError", "ConfigurationError",
    "MissingDependencyError", "BatchError", "BatchNotReady", "NothingToSubmit", "JudgeError",
    "BackendError", "TransientBackendError", "ConnectError", "VerdictParseError", "JudgeUnavailable",
    "__version__",
}  # fmt: skip


def test_all_is_the_intended_list() -> None:
    assert set(underreach_judge.__all__) == INTENDED


def test_every_error_is_exported() -> None:
    from underreach_judge import exceptions

    errors = {
        name
        for name, value in vars(exceptions).items()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ == exceptions.__name__
    }
    assert errors <= INTENDED
