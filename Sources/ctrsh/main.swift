print("ctrsh")
