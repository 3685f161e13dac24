terraform {
  cloud {
    organization = "corp"
    token = "ehOrZtFW1QpNxj.atlasv1.FOUjvXEFW3DViA1KLdnZYxplFiUKh4XOYPkFUYRLOXjglhAHhmNzDqIDaKjy-_aHbLO"
  }
}

provider "digitalocean" {
  token = "dop_v1_7479e0ca79ab98ce815bcfda89574ad40956d26a71255aba0e6a05d186feaa40"
}
provider "alicloud" {
  access_key = "LTAIwFN5gt3QflrXo1HiQ2Cy"
  alicloud_secret_key = "HI54gNpLzXdJvRJmUPUO9rUrn6lSfi"
}
provider "vault" {
  token = "hvs.6lLzTmZSJaf-xLqz6U9t-0uVS45cHL01leZWVLiyV2NZZQZ1t7gL4x4vZIK_IHLg1jA3Apk248taIuRTsjLf7Z_Qd-8d"
}
locals {
  storage_account_key = "aLLI0e1ZUtqhVHnMgfSA6fDBtxy7WjvJEVUxCsUkif0SXR7Fa9r4vpOvjQnAAQhUmDq0W9kLXEK6bt530XN9cN=="
  vault_batch = "hvb.X9TcSka2ktWLs-hYFbhMhbgBT8ZA-q4nnPogOs3iCb9Fl3wcelo3Uffc8uGUsFCXzbyEUztW7XnEAxN26U_zhwvkK-8VK3FI8nGg5sOUaKMLdp3bM7F0k7fpWf61-R8nlgfjoM1_D6R33VISYdKTRm"
  do_oauth = "doo_v1_0a851e2ad82ab466aff540e8823968c5c7e7fe59f65c012e4259ef138a868a7b"
  do_refresh = "dor_v1_e4d3d2cf73b9243d2ef355c2770c1dd83135cc5c84b3b58c9ca66a6183d6e3d6"
  pulumi = "pul-59b42c95c02709fe5a2f4df805f02a8fc75bf449"
}
