import codecs

import pytest

from lib.dataset.reading import UnreadableFile, from_bytes, from_path


def lines(data: bytes) -> list[str]:
    return [line for _, line, _ in from_bytes(data).lines()]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "The file is empty"),
        (b"   \n\n  ", "only blank space"),
        (b"PK\x03\x04rest-of-zip", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00", "gzip-compressed"),
        (b"PAR1....", "a Parquet file"),
        (b"%PDF-1.7", "a PDF document"),
        (b"\x00\x01\x02\x03", "a binary file"),
    ],
)
def test_files_that_cannot_be_read_get_one_sentence(data, says):
    with pytest.raises(UnreadableFile, match=says):
        from_bytes(data)


def test_invalid_utf8_is_refused_with_its_line_and_column():
    with pytest.raises(UnreadableFile, match="line 2 has an invalid byte at column 14"):
        lines(b'{"a": 1}\n{"text": "caf\xe9"}\n')


def test_latin1_file_is_refused_not_guessed():
    with pytest.raises(UnreadableFile, match="not UTF-8"):
        lines("prompt,completion\nCrème,brûlée\n".encode("latin-1"))


def test_utf8_bom_is_decoded_and_said():
    source = from_bytes(codecs.BOM_UTF8 + b'{"a": 1}\n{"b": 2}\n')
    assert "byte order mark" in source.decoding_note
    assert [line for _, line, _ in source.lines()] == ['{"a": 1}', '{"b": 2}']


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_bom_is_decoded_and_said(codec):
    text = '{"a": "é"}\r\n{"b": 2}\n'
    data = text.encode(codec) if codec == "utf-16" else codecs.BOM_UTF16_BE + text.encode(codec)
    source = from_bytes(data)
    assert "UTF-16" in source.decoding_note
    assert [line for _, line, _ in source.lines()] == ['{"a": "é"}', '{"b": 2}']


def test_crlf_line_endings_are_removed():
    assert lines(b"a\r\nb\r\n") == ["a", "b"]


def test_path_and_bytes_read_the_same(tmp_path):
    data = b'{"a": 1}\n\n{"b": 2}'
    file = tmp_path / "x.jsonl"
    file.write_bytes(data)
    assert list(from_path(file).lines()) == list(from_bytes(data).lines())


def test_missing_path_and_folder(tmp_path):
    with pytest.raises(UnreadableFile, match="No such file"):
        from_path(tmp_path / "nope.jsonl")
    with pytest.raises(UnreadableFile, match="is a folder"):
        from_path(tmp_path)
