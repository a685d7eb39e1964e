"""Arabic text concerns: normalisation for matching, segmentation with offsets."""
