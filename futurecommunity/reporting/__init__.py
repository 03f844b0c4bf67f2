"""Monthly progress reports (frozen snapshots), bulletins (通报), quarterly scoring and ranking (S1, S2, S5)."""
