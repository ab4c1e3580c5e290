from setuptools import setup

# As in the article, except install_requires: the plugin needs the framework
# (the article's "future" and "pkg_resources" are not needed on Python 3).

setup(
    name="framework.typeA.plugin1",
    version="0.0.1",
    description="Example of a Pythonic plugin pattern.",
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
