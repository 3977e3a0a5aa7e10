#!/usr/bin/env bash
# Writes scikit-learn's breast-cancer and wine tables as ordinary CSVs with a header and STRING labels, as a user
# would have them: data/csv/breast-cancer.csv (an id column, 30 measurements, a categorical "clinic" column, and the
# diagnosis malignant/benign) and data/csv/wine.csv (13 measurements and the cultivar class_0/class_1/class_2).
# The tables come from Debian's python3-sklearn package (unpacked, not installed), as scripts/setup.sh does.
#   scripts/make-sklearn-csvs.sh [SOURCE_DIR] [OUT_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-${HYDRA_SKLEARN_DATA:-$root/data/sklearn}}
out=${2:-$root/data/csv}

if [[ ! -f "$src/breast_cancer.csv" || ! -f "$src/wine_data.csv" ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download -qq python3-sklearn >/dev/null 2>&1) \
    || { echo "breast_cancer.csv/wine_data.csv not in $src and python3-sklearn could not be downloaded" >&2; exit 1; }
  dpkg -x "$tmp"/python3-sklearn_*.deb "$tmp/x"
  src=$(dirname "$(find "$tmp/x" -path '*sklearn/datasets/data/breast_cancer.csv' | head -1)")
fi
mkdir -p "$out"

# breast_cancer.csv: a "569,30,malignant,benign" line, then 30 values and the target (0 malignant, 1 benign).
# The clinic is made up (assigned by row number, so it carries no signal): it is there to exercise one-hot encoding.
measures="radius,texture,perimeter,area,smoothness,compactness,concavity,concave points,symmetry,fractal dimension"
header="id"
for prefix in "mean " "" "worst "; do
  IFS=, read -ra names <<<"$measures"
  for name in "${names[@]}"; do
    case "$prefix" in
      "") header+=",$name error" ;;
      *) header+=",$prefix$name" ;;
    esac
  done
done
header+=",clinic,diagnosis"
{
  echo "$header"
  awk -F, 'NR > 1 {
    split("north,south,east,west", clinics, ",")
    printf "P%04d", NR - 1
    for (i = 1; i <= 30; i++) printf ",%s", $i
    printf ",%s,%s\n", clinics[(NR - 2) % 4 + 1], ($31 == 0 ? "malignant" : "benign")
  }' "$src/breast_cancer.csv"
} >"$out/breast-cancer.csv"

# wine_data.csv: a "178,13,class_0,class_1,class_2" line, then 13 values and the cultivar 0..2.
{
  echo "alcohol,malic_acid,ash,alcalinity_of_ash,magnesium,total_phenols,flavanoids,nonflavanoid_phenols,\
proanthocyanins,color_intensity,hue,od280/od315_of_diluted_wines,proline,cultivar"
  awk -F, 'NR > 1 { for (i = 1; i <= 13; i++) printf "%s,", $i; printf "class_%d\n", $14 }' "$src/wine_data.csv"
} >"$out/wine.csv"

echo "wrote $out/breast-cancer.csv ($(($(wc -l <"$out/breast-cancer.csv") - 1)) rows) and $out/wine.csv" \
  "($(($(wc -l <"$out/wine.csv") - 1)) rows)"
