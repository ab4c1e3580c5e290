from setuptools import setup

# The article's setup.py also lists "future" and "pkg_resources" in
# install_requires. This code needs neither on Python 2.7 or 3, and
# pkg_resources is a module of setuptools, not a distribution anyone can
# install, so fwenv's tutorial leaves them out.
setup(
    name="framework",
    version="0.0.1",
    description="Tutorial framework: runs every plugin registered in the typeA entry point group.",
    author="fwenv tutorial",
    author_email="tutorial@example.org",
    url="https://example.org/fwenv-tutorial",
    packages=[
        "framework",
    ],
    package_dir={"": "src"},
    install_requires=[],
    entry_points={
        'console_scripts': [
            'framework = framework.cli:main',
        ],
    },
)
