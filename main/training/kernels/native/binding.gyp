{
  "targets": [
    {
      "target_name": "kernels",
      "sources": ["kernels.c", "adam.c", "matmul.c"],
      "conditions": [
        ["OS=='win'", {
          "type": "none"
        }],
        ["OS=='mac' and target_arch=='arm64'", {
          "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-mcpu=native", "-ffp-contract=fast", "-fno-math-errno"] }
        }],
        ["OS=='mac' and target_arch!='arm64'", {
          "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-march=native", "-ffp-contract=fast", "-fno-math-errno"] }
        }],
        ["OS!='win' and OS!='mac'", {
          "cflags": ["-O3", "-march=native", "-ffp-contract=fast", "-fno-math-errno", "-Wno-psabi"]
        }]
      ]
    }
  ]
}
