from setuptools import setup

setup(
    name="framework",
    version="0.0.1",
    description="Example of a Pythonic plugin pattern.",
    author="Vincent Agriesti",
    author_email="crazychenz@gmail.com",
    url="https://github.com/crazychenz",
    packages=[
        "framework",
    ],
    package_dir={"": "src"},
    install_requires=[
        "future",
        "pkg_resources",
    ],
    entry_points={
        'console_scripts': [
            'framework = framework.cli:main',
        ],
    },
)
