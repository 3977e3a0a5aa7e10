#!/usr/bin/env bash
# Writes Fashion-MNIST (Debian's dataset-fashion-mnist: IDX files under /usr/share/datasets/fashion-mnist) as an
# image folder of grey 28x28 PNGs, the layout `hydra run --dataset FOLDER` reads:
#   OUT/train/{class}/{index}.png   60,000 images
#   OUT/test/{class}/{index}.png    10,000 images
# Class folders are named after the classes ("T-shirt/top" becomes "T-shirt_top": a folder name holds no slash);
# index is the image's position in its IDX file. PNG is lossless: the folder reads back to the IDX pixels exactly.
#   scripts/make-fmnist-imagefolder.sh [IDX_DIR] [OUT_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-${HYDRA_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}}
out=${2:-$root/data/fashion-mnist-png}
hydra=${HYDRA:-"dotnet $root/src/Hydra.Cli/bin/Release/net10.0/hydra.dll"}
classes="T-shirt_top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot"

for split in train:train t10k:test; do
  rm -rf "${out:?}/${split#*:}"
  $hydra data write-images --images "$src/${split%%:*}-images-idx3-ubyte.gz" --output "$out/${split#*:}" \
    --classes "$classes"
done
