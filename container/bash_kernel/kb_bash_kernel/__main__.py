from ipykernel.kernelapp import IPKernelApp
IPKernelApp.launch_instance()
