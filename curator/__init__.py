"""Curator: curate news articles into structured, evidence-backed records."""
