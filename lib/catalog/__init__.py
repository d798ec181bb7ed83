"""The catalog: facts about providers and models, read from data/.
Prices (ours and genai-prices), who may fine-tune where and until when, model facts and tokenizer files."""
