print("netsched")
