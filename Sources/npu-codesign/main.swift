print("npu-codesign")
