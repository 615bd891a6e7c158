"""Experiments: scenario files, seed batches, probes, scheduled events, summaries and plots."""
