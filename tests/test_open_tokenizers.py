"""Llama 3 and Qwen counts are exact: their makers' rank files, loaded offline and hash-checked, give the token ids
their makers publish, and an example is counted the way each chat template renders it."""

import unicodedata

import pytest

from lib.catalog.encodings import get_encoding
from lib.dataset.tokenizer import from_encoding, tokenizer_for
from lib.dataset.tokens import TokenCounter, count_examples


def test_llama3_ids_are_metas_reference_ids():
    """Reference: llama_models/llama3/tests/api/test_tokenizer.py in Meta's llama-models 0.3.0 (test_encode and
    test_encode_dialog): "This is a test sentence." between <|begin_of_text|> and <|end_of_text|>."""
    encoding = get_encoding("llama-3.1")
    assert encoding.encode("<|begin_of_text|>This is a test sentence.<|end_of_text|>", allowed_special="all") == [
        128000, 2028, 374, 264, 1296, 11914, 13, 128001]
    assert encoding.encode("\n\nThis is a response.") == [271, 2028, 374, 264, 2077, 13]
    assert [encoding.encode(role) for role in ("system", "user", "assistant")] == [[9125], [882], [78191]]


QWEN_REFERENCE = [  # transformers, tests/models/qwen2/test_tokenization_qwen2.py, test_tokenizer_integration
    ("🤗 Transformers 提供了可以轻松地下载并且训练先进的预训练模型的 API 和工具。"
     "使用预训练模型可以减少计算消耗和碳排放，并且节省从头训练所需要的时间和资源。",
     [144834, 80532, 93685, 83744, 34187, 73670, 104261, 29490, 62189, 103937, 104034, 102830, 98841, 104034,
      104949, 9370, 5333, 58143, 102011, 1773, 37029, 98841, 104034, 104949, 73670, 101940, 100768, 104997, 33108,
      100912, 105054, 90395, 100136, 106831, 45181, 64355, 104034, 113521, 101975, 33108, 85329, 1773]),
    ('```python\ntokenizer = AutoTokenizer.from_pretrained("Qwen/Qwen-tokenizer")\ntokenizer("世界，你好！")```',
     [73594, 12669, 198, 85593, 284, 8979, 37434, 6387, 10442, 35722, 445, 48, 16948, 45274, 16948, 34841, 3135,
      1138, 85593, 445, 99489, 3837, 108386, 6313, 899, 73594]),
    ("Transformers (formerly known as pytorch-transformers and pytorch-pretrained-bert) provides general-purpose "
     "architectures (BERT, GPT-2, RoBERTa, XLM, DistilBert, XLNet...) for Natural Language Understanding (NLU) and "
     "Natural Language Generation (NLG) with over 32+ pretrained models in 100+ languages and deep "
     "interoperability between Jax, PyTorch and TensorFlow.",
     [8963, 388, 320, 69514, 3881, 438, 4510, 27414, 32852, 388, 323, 4510, 27414, 21334, 35722, 1455, 529, 8, 5707,
      4586, 58238, 77235, 320, 61437, 11, 479, 2828, 12, 17, 11, 11830, 61437, 64, 11, 1599, 10994, 11, 27604, 321,
      33, 529, 11, 29881, 6954, 32574, 369, 18448, 11434, 45451, 320, 45, 23236, 8, 323, 18448, 11434, 23470, 320,
      30042, 38, 8, 448, 916, 220, 18, 17, 10, 80669, 4119, 304, 220, 16, 15, 15, 10, 15459, 323, 5538, 94130,
      2897, 1948, 619, 706, 11, 5355, 51, 21584, 323, 94986, 13]),
]


@pytest.mark.parametrize("name", ["qwen2.5", "qwen3"])
@pytest.mark.parametrize(("text", "ids"), QWEN_REFERENCE)
def test_qwen_ids_are_the_reference_ids(name, text, ids):
    """Reference: Hugging Face transformers' Qwen2 tokenizer integration test (expected ids for Qwen/Qwen-tokenizer,
    the vocabulary Qwen2, Qwen2.5 and Qwen3 share), padding left out; "<|im_start|>hello<|im_end|>" is
    [151644, 14990, 151645] as in alibaba/rtp-llm's qwen2_tokenizer_test.py."""
    assert get_encoding(name).encode(text) == ids
    assert from_encoding(name).count(text) == (len(ids), True)
    assert get_encoding(name).encode("<|im_start|>hello<|im_end|>", allowed_special="all") == [151644, 14990, 151645]


def test_qwen_counts_nfc_normalized_text():
    """Qwen's tokenizer applies NFC first (transformers' test_nfc_normalization uses these three characters)."""
    decomposed = "\u03d2\u0301\u03d2\u0308\u017f\u0307"
    tokenizer = from_encoding("qwen2.5")
    composed = len(get_encoding("qwen2.5").encode(unicodedata.normalize("NFC", decomposed)))
    assert tokenizer.count(decomposed)[0] == composed == tokenizer.counts([decomposed])[0]


SHORT = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Hi there"},
         {"role": "assistant", "content": "Hello!"}]


def _rendered(name, text):
    return len(get_encoding(name).encode(text, allowed_special="all"))


def test_llama_31_counts_its_template_with_the_date_header():
    """The chat template of meta-llama/Llama-3.1-8B-Instruct, rendered by hand for a complete example; without a
    system message the template still opens with the date header."""
    header = ("<|start_header_id|>system<|end_header_id|>\n\n"
              "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n")
    body = ("<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>")
    counter = TokenCounter(from_encoding("llama-3.1"))
    with_system, without = count_examples(counter, [{"messages": SHORT}, {"messages": SHORT[1:]}])
    assert with_system.total == _rendered("llama-3.1", "<|begin_of_text|>" + header + "You are terse.<|eot_id|>" + body)
    assert without.total == _rendered("llama-3.1", "<|begin_of_text|>" + header + "<|eot_id|>" + body)
    assert with_system.total > 15 + 15  # OpenAI's rule would say 15 for the short example plus its texts


def test_qwen25_adds_its_default_system_message():
    counter = TokenCounter(from_encoding("qwen2.5"))
    (tokens,) = count_examples(counter, [{"messages": SHORT[1:]}])
    assert tokens.total == _rendered("qwen2.5", (
        "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
        "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n"))


def test_qwen3_gives_the_last_reply_an_empty_thinking_block():
    counter = TokenCounter(from_encoding("qwen3"))
    messages = SHORT + [{"role": "user", "content": "More?"}, {"role": "assistant", "content": "\nNo."}]
    (tokens,) = count_examples(counter, [{"messages": messages}])
    assert tokens.total == _rendered("qwen3", (
        "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n"
        "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nMore?<|im_end|>\n"
        "<|im_start|>assistant\n<think>\n\n</think>\n\nNo.<|im_end|>\n"))


def test_llama_models_are_counted_exactly_and_say_so():
    tokenizer = tokenizer_for("llama-3.1-8b")
    assert tokenizer.exact and tokenizer.name == "llama-3.1" and "chat template" in tokenizer.basis
    assert not tokenizer_for("gemini-2.5-flash").exact
