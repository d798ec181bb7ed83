"""Fine-tuning datasets: reading, format detection, validation, token counting and export."""
