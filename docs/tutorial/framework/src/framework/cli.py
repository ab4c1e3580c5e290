import pprint


def typeA_entry_points():
    """The installed entry points of group typeA, in a stable order.

    importlib.metadata reads the same metadata pkg_resources did (the
    environment's *.dist-info folders); pkg_resources is the fallback for
    interpreters without it.
    """
    try:
        from importlib.metadata import entry_points
    except ImportError:
        import pkg_resources
        eps = list(pkg_resources.iter_entry_points(group='typeA'))
        return sorted(eps, key=lambda ep: (ep.module_name, ep.name))
    eps = entry_points()
    if hasattr(eps, 'select'):
        eps = eps.select(group='typeA')
    else:  # Python 3.8 and 3.9 return a dict of groups
        eps = eps.get('typeA', [])
    return sorted(eps, key=lambda ep: (ep.value, ep.name))


def main():
    print("Framework is running.")

    typeA_plugins = {}

    # Every plugin registered under the typeA group names a callable; the
    # framework imports it, keeps it by module, and calls it with no
    # arguments.
    for ep in typeA_entry_points():
        module_name = getattr(ep, 'module_name', None) or ep.value.split(':')[0]
        typeA_plugins[module_name] = {
            'obj': ep.load(),
            'name': ep.name,
            'module_name': module_name,
        }

        typeA_plugins[module_name]['obj']()

    print("Framework is now exiting.")
