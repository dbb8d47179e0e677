"""Named entities: label set, extraction engines, stored mentions."""
