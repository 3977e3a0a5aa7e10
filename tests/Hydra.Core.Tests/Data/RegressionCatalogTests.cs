using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hydra.Core.Data;
using Hydra.Core.Models;

namespace Hydra.Core.Tests.Data;

public sealed class RegressionCatalogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_ToyRegression_GivesTrainTestAndOutsideWithTrainStatistics()
    {
        var bundle = DatasetCatalog.Load("toy-regression", new DataOptions { Seed = 3 });

        Assert.Equal(ModelTask.Regression, bundle.Task);
        Assert.Equal(1000, bundle.Train.Count);
        Assert.Equal(500, bundle.Test.Count);
        Assert.Equal(["outside"], bundle.Ood.Keys);
        Assert.Equal(500, bundle.Ood["outside"].Count);
        Assert.All(bundle.Train.Features.Concat(bundle.Test.Features), x => Assert.InRange(x, -4f, 4f));
        Assert.All(bundle.Ood["outside"].Features, x => Assert.True(Math.Abs(x) > 4f));
        Assert.Equal(Normalization.Identity, bundle.Normalization);
        AssertTrainOnlyStatistics(bundle);
    }

    [Fact]
    public void Load_ToyRegressionTwice_IsDeterministicPerSeed()
    {
        var a = DatasetCatalog.Load("toy-regression", new DataOptions { Seed = 8 });
        var b = DatasetCatalog.Load("toy-regression", new DataOptions { Seed = 8 });
        var c = DatasetCatalog.Load("toy-regression", new DataOptions { Seed = 9 });

        Assert.Equal(a.Train.Targets!, b.Train.Targets!);
        Assert.Equal(a.Ood["outside"].Features, b.Ood["outside"].Features);
        Assert.NotEqual(a.Train.Features, c.Train.Features);
        Assert.NotEqual(a.Train.Features[..500], a.Test.Features);
    }

    [Fact]
    public void Load_ToyRegressionWithLimits_TakesFewerRows()
    {
        var bundle = DatasetCatalog.Load("toy-regression", new DataOptions { TrainLimit = 40, TestLimit = 0 });

        Assert.Equal(40, bundle.Train.Count);
        Assert.Equal(0, bundle.Test.Count);
    }

    [Fact]
    public void Load_Spirals_IsStillClassificationWithoutTabularStatistics()
    {
        var bundle = DatasetCatalog.Load("spirals", new DataOptions());

        Assert.Equal(ModelTask.Classification, bundle.Task);
        Assert.Null(bundle.FeatureNormalization);
        Assert.Null(bundle.TargetScaling);
    }

    [Fact]
    public void Load_BostonFormattedFile_SplitsFloorEightyPercentByASeededShuffle()
    {
        // 506 rows: floor(0.8 · 506) = floor(404.8) = 404 train, 102 test.
        WriteBoston(rows: 506);
        var options = new DataOptions { SklearnDirectory = _dir.Path, Seed = 1 };

        var bundle = DatasetCatalog.Load("boston", options);
        var again = DatasetCatalog.Load("boston", options);
        var reseeded = DatasetCatalog.Load("boston", new DataOptions { SklearnDirectory = _dir.Path, Seed = 2 });

        Assert.Equal(404, bundle.Train.Count);
        Assert.Equal(102, bundle.Test.Count);
        Assert.Equal([13], bundle.Train.RowShape);
        Assert.Empty(bundle.Ood);
        Assert.Equal(ModelTask.Regression, bundle.Task);

        // Target of row i is i, so the two splits together must hold every row exactly once, shuffled.
        var all = bundle.Train.Targets!.Concat(bundle.Test.Targets!).Select(t => (int)t).ToArray();
        Assert.Equal(Enumerable.Range(0, 506), all.Order());
        Assert.NotEqual(Enumerable.Range(0, 404), all[..404]);
        Assert.Equal(bundle.Train.Targets!, again.Train.Targets!);
        Assert.NotEqual(bundle.Train.Targets!, reseeded.Train.Targets!);
        AssertTrainOnlyStatistics(bundle);
    }

    [Fact]
    public void Load_DiabetesFormattedFiles_SplitsFloorEightyPercent()
    {
        // 442 rows: floor(0.8 · 442) = floor(353.6) = 353 train, 89 test.
        WriteDiabetes(rows: 442);

        var bundle = DatasetCatalog.Load("diabetes", new DataOptions { SklearnDirectory = _dir.Path, TestLimit = 50 });

        Assert.Equal(353, bundle.Train.Count);
        Assert.Equal(50, bundle.Test.Count);
        Assert.Equal([10], bundle.Train.RowShape);
        Assert.All(Enumerable.Range(0, bundle.Train.Count), i => Assert.Equal(bundle.Train.Features[i * 10] * 2,
            bundle.Train.Targets![i]));
        AssertTrainOnlyStatistics(bundle);
    }

    [Theory]
    [InlineData("boston", "boston_house_prices.csv")]
    [InlineData("diabetes", "diabetes_data_raw.csv.gz")]
    public void Load_SklearnFileMissing_SaysHowToGetIt(string name, string file)
    {
        var options = new DataOptions { SklearnDirectory = _dir.File("nowhere") };

        var e = Assert.Throws<DatasetUnavailableException>(() => DatasetCatalog.Load(name, options));

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", e.Message, StringComparison.Ordinal);
        Assert.Contains("HYDRA_SKLEARN_DATA", e.Message, StringComparison.Ordinal);
    }

    [SklearnDataFact]
    public void Load_InstalledBoston_Has404TrainAnd102TestRowsOf13Features()
    {
        var bundle = DatasetCatalog.Load("boston", new DataOptions());

        Assert.Equal(404, bundle.Train.Count);
        Assert.Equal(102, bundle.Test.Count);
        Assert.Equal([13], bundle.Train.RowShape);
        Assert.InRange(bundle.Train.Targets!.Concat(bundle.Test.Targets!).Average(), 22.53, 22.54);
    }

    [SklearnDataFact]
    public void Load_InstalledDiabetes_Has353TrainAnd89TestRowsOf10Features()
    {
        var bundle = DatasetCatalog.Load("diabetes", new DataOptions());

        Assert.Equal(353, bundle.Train.Count);
        Assert.Equal(89, bundle.Test.Count);
        Assert.Equal([10], bundle.Train.RowShape);
        Assert.InRange(bundle.Train.Targets!.Concat(bundle.Test.Targets!).Average(), 152.13, 152.14);
    }

    /// <summary>
    /// The bundle's statistics are those of the training rows alone, not of training and test rows together.
    /// </summary>
    private static void AssertTrainOnlyStatistics(DatasetBundle bundle)
    {
        var width = bundle.Train.RowSize;
        var features = bundle.FeatureNormalization!;
        for (var j = 0; j < width; j++)
        {
            var train = Column(bundle.Train, j);
            var both = train.Concat(Column(bundle.Test, j)).ToArray();
            Assert.Equal(train.Average(), features.Mean[j], Math.Abs(train.Average()) * 1e-5 + 1e-5);
            Assert.Equal(PopulationStd(train), features.Std[j], PopulationStd(train) * 1e-5);
            Assert.NotEqual(both.Average(), features.Mean[j], 1e-9);
        }

        var targets = bundle.Train.Targets!.Select(t => (double)t).ToArray();
        Assert.Equal(targets.Average(), bundle.TargetScaling!.Mean, Math.Abs(targets.Average()) * 1e-5 + 1e-5);
        Assert.Equal(PopulationStd(targets), bundle.TargetScaling.Std, PopulationStd(targets) * 1e-5);
    }

    private static double[] Column(Dataset dataset, int j) =>
        Enumerable.Range(0, dataset.Count).Select(i => (double)dataset.Features[(i * dataset.RowSize) + j]).ToArray();

    private static double PopulationStd(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
    }

    /// <summary>
    /// scikit-learn's layout: a metadata line, a quoted header, then 13 features and MEDV (here the row index).
    /// </summary>
    private void WriteBoston(int rows)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{rows},13,,,,,,,,,,,,\n");
        text.Append("\"CRIM\",\"ZN\",\"INDUS\",\"CHAS\",\"NOX\",\"RM\",\"AGE\",");
        text.Append("\"DIS\",\"RAD\",\"TAX\",\"PTRATIO\",\"B\",\"LSTAT\",\"MEDV\"\n");
        for (var i = 0; i < rows; i++)
        {
            var features = Enumerable.Range(0, 13).Select(j => ((i * (j + 1)) % 97 * 0.5).ToString(
                CultureInfo.InvariantCulture));
            text.Append(CultureInfo.InvariantCulture, $"{string.Join(',', features)},{i}\n");
        }

        File.WriteAllText(_dir.File("boston_house_prices.csv"), text.ToString());
    }

    /// <summary>
    /// Space-separated gzipped features (10 a line) and targets (one a line), target = 2 × first feature.
    /// </summary>
    private void WriteDiabetes(int rows)
    {
        var features = new StringBuilder();
        var targets = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            features.AppendJoin(' ', Enumerable.Range(0, 10).Select(j
                => ((i + (7 * j)) % 83).ToString(CultureInfo.InvariantCulture)));
            features.Append('\n');
            targets.Append(CultureInfo.InvariantCulture, $"{2 * (i % 83):E18}\n");
        }

        WriteGzip(_dir.File("diabetes_data_raw.csv.gz"), features.ToString());
        WriteGzip(_dir.File("diabetes_target.csv.gz"), targets.ToString());
    }

    private static void WriteGzip(string path, string text)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }
}
