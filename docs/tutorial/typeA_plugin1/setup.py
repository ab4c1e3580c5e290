from setuptools import setup

# The plugin needs the framework and nothing else: the article also lists
# "future" and "pkg_resources", which this code does not use on Python 2.7 or
# 3 (and pkg_resources comes with setuptools; it is not a distribution).

setup(
    name="framework.typeA.plugin1",
    version="0.0.1",
    description="Tutorial typeA plugin, the first of two.",
    author="fwenv tutorial",
    author_email="tutorial@example.org",
    url="https://example.org/fwenv-tutorial",
    packages=[
        "framework",
        "framework.typeA",
        "framework.typeA.plugin1"
    ],
    package_dir={"": "src"},
    install_requires=[
        "framework",
    ],
    entry_points={
        'typeA': [
            'plugin = framework.typeA.plugin1:run',
        ],
    },
)
