"""The conversation's pure core: parsing and keyword policy.

No Django, no database, no network (import-linter enforces it). Every function
takes plain values and returns plain values, so it is tested on tables of
inputs and with Hypothesis.
"""
