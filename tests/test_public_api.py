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
