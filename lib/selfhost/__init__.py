"""Fine-tuning and serving an open-weight model on your own GPUs.
Model shapes and GPU memory, the training and serving plan with its price, and the strategies (LoRA, full) compared."""
