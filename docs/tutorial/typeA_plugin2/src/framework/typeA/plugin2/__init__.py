def run():
    print("framework.typeA.plugin2 starting")
    print("framework.typeA.plugin2 finishing")
