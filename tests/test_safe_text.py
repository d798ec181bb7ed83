import pytest

from ui.safe import md


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        (":material/home: $x$", r"\:material/home\: \$x\$"),
        ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
        ("two\nlines", "two lines"),
        ("plain words", "plain words"),
    ],
)
def test_markdown_in_user_text_is_inert(text, shown):
    assert md(text) == shown
