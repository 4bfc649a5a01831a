"""The folders the Java tests that drive these tests pass in (they fail, never skip, without them)."""
import os


def folder(name):
    value = os.environ.get(name)
    if not value or not os.path.isdir(value):
        raise AssertionError(f"{name} must name a folder (these tests are run by the Maven build: see docs/python.md)")
    return value
