def run():
    print("framework.typeA.plugin1 starting")
    print("framework.typeA.plugin1 finishing")
