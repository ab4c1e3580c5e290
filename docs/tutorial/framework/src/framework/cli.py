import pkg_resources
import pprint

def main():
    print("Framework is running.")

    typeA_plugins = {}

    # Load each entrypoint of type "typeA" into typeA plugins and then
    # execute the assumed entry point of the plugin (i.e. run()).
    for ep in pkg_resources.iter_entry_points(group='typeA'):
        # Populate the typeA_plugins dictionary
        typeA_plugins[ep.module_name] = {
            'obj': ep.load(),
            'name': ep.name,
            'module_name': ep.module_name,
            'attrs': ep.attrs,
            'dist': ep.dist,
            'extras': ep.extras,
        }

        # Run the plugin entry point.
        typeA_plugins[ep.module_name]['obj']()

    print("Framework is now exiting.")
