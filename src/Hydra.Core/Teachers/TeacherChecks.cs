using System.Globalization;
using Hydra.Core.Data;
using Hydra.Core.Models;

namespace Hydra.Core.Teachers;

/// <summary>
/// Checks, before any training, that teachers can stand in for an ensemble's members on a dataset: each fits the
/// dataset's task, row size and classes, all agree with the first, and each answers a probe batch of training rows
/// with finite values (and positive variances). Classification outputs that are not stated are detected there: every
/// probe value in [0, 1] and every row summing to 1 means probabilities, anything else logits.
/// </summary>
public static class TeacherChecks
{
    /// <summary>Training rows in the probe batch (fewer when the set is smaller).</summary>
    public const int ProbeRows = 16;

    /// <summary>How far from 1 a probe row of probabilities may sum.</summary>
    public const double SumTolerance = 1e-3;

    /// <exception cref="TeacherException">No teacher, or a teacher that does not fit; the message names it.</exception>
    public static TeacherEnsemble Validate(IReadOnlyList<ITeacher> teachers, DatasetBundle bundle,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teachers);
        ArgumentNullException.ThrowIfNull(bundle);
        if (teachers.Count == 0)
        {
            throw new TeacherException("No teacher was given: name .onnx or .safetensors files, or a folder of them.");
        }

        foreach (var teacher in teachers)
        {
            FitsDataset(teacher, bundle);
            AgreesWith(teacher, teachers[0]);
        }

        var notes = new List<string>();
        var rows = Math.Min(ProbeRows, bundle.Train.Count);
        var probe = bundle.Train.Features.AsSpan(0, rows * bundle.Train.RowSize).ToArray();
        var scores = new List<TeacherScores>();
        foreach (var teacher in teachers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outputs = Answer(teacher, probe, rows, cancellationToken);
            scores.Add(Scores(teacher, outputs, rows, notes));
        }

        foreach (var twin in teachers.GroupBy(t => t.Sha256).Where(g => g.Count() > 1))
        {
            notes.Add($"{string.Join(", ", twin.Select(t => t.Name))} are the same file: they add no diversity.");
        }

        return new TeacherEnsemble(teachers, scores, notes);
    }

    private static void FitsDataset(ITeacher teacher, DatasetBundle bundle)
    {
        var signature = teacher.Signature;
        if (signature.Task != bundle.Task)
        {
            var gives = signature.Task == ModelTask.Regression ? "a Gaussian (mean, variance)" : "class scores";
            throw new TeacherException(teacher.Name, $"it gives {gives}, but '{bundle.Name}' is a "
                + $"{bundle.Task.ToString().ToLowerInvariant()} dataset.");
        }

        var train = bundle.Train;
        if (signature.RowSize != train.RowSize)
        {
            throw new TeacherException(teacher.Name, $"it takes rows of [{string.Join(", ", signature.InputShape)}] "
                + $"({signature.RowSize} values), but '{bundle.Name}' has rows of "
                + $"[{string.Join(", ", train.RowShape)}] ({train.RowSize} values).");
        }

        if (bundle.Task == ModelTask.Classification && signature.Classes != train.ClassCount)
        {
            throw new TeacherException(teacher.Name, $"it gives {signature.Classes} class scores, but "
                + $"'{bundle.Name}' has {train.ClassCount} classes.");
        }
    }

    private static void AgreesWith(ITeacher teacher, ITeacher first)
    {
        var (mine, theirs) = (teacher.Signature, first.Signature);
        if (!mine.InputShape.SequenceEqual(theirs.InputShape) || mine.Width != theirs.Width)
        {
            throw new TeacherException(teacher.Name, $"it is {mine.Describe()}, but '{first.Name}' is "
                + $"{theirs.Describe()}; every teacher must take and give the same shapes.");
        }
    }

    private static float[] Answer(ITeacher teacher, float[] probe, int rows, CancellationToken cancellationToken)
    {
        var outputs = teacher.Predict(probe, rows, cancellationToken);
        var width = teacher.Signature.Width;
        if (outputs.Length != rows * width)
        {
            throw new TeacherException(teacher.Name, $"it answered {rows} probe rows with {outputs.Length} values; "
                + $"expected {rows} × {width}.");
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            if (!float.IsFinite(outputs[i]))
            {
                throw new TeacherException(teacher.Name, string.Create(CultureInfo.InvariantCulture,
                    $"it answered the probe batch (the first {rows} training rows) with {outputs[i]} at row "
                        + $"{i / width}, output {i % width}."));
            }

            if (teacher.Signature.Task == ModelTask.Regression && i % 2 == 1 && !(outputs[i] > 0))
            {
                throw new TeacherException(teacher.Name, string.Create(CultureInfo.InvariantCulture,
                    $"it gave the variance {outputs[i]} for probe row {i / 2}; a variance must be positive."));
            }
        }

        return outputs;
    }

    private static TeacherScores Scores(ITeacher teacher, float[] outputs, int rows, List<string> notes)
    {
        var stated = teacher.Signature.Scores;
        if (teacher.Signature.Task == ModelTask.Regression)
        {
            return TeacherScores.Gaussian;
        }

        var look = LooksLikeProbabilities(outputs, rows, teacher.Signature.Classes);
        if (stated == TeacherScores.Probabilities && !look)
        {
            throw new TeacherException(teacher.Name, "its output was stated to be probabilities, but its probe rows "
                + "are not in [0, 1] or do not sum to 1.");
        }

        if (stated != TeacherScores.Detect)
        {
            return stated;
        }

        var detected = look ? TeacherScores.Probabilities : TeacherScores.Logits;
        notes.Add($"{teacher.Name}: detected {(look ? "probabilities" : "logits")} (the probe rows "
            + (look ? "are in [0, 1] and sum to 1" : "are not probabilities") + ")");
        return detected;
    }

    private static bool LooksLikeProbabilities(float[] outputs, int rows, int classes)
    {
        for (var r = 0; r < rows; r++)
        {
            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                var p = outputs[(r * classes) + c];
                if (p is < 0 or > 1)
                {
                    return false;
                }

                sum += p;
            }

            if (Math.Abs(sum - 1) > SumTolerance)
            {
                return false;
            }
        }

        return true;
    }
}
