using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Datasets;
using Hydra.Core.Teachers;

namespace Hydra.Core.Jobs;

/// <summary>
/// Turns a request into an accepted <see cref="TrainingJobSpec"/> or a list of field errors. Runs without libtorch,
/// so the Function App rejects impossible jobs before any GPU time is spent.
/// </summary>
public static partial class JobRequestValidator
{
    public const int MaxMembers = 16;
    public const int MaxEpochs = 1000;
    public const int MaxHeadWidth = 8192;
    private const int IdHashChars = 16;

    /// <summary>Ids are safe as blob path segments and table keys.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,62}$")]
    private static partial Regex IdPattern();

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <param name="dataset">The stored dataset's snapshot, for a request naming "datasets/{name}".</param>
    /// <param name="teachers">The teacher folder's snapshot, for a request naming "teachers/{name}".</param>
    /// <exception cref="JobValidationException">The request is not a job the trainer can run.</exception>
    public static TrainingJobSpec Accept(TrainingJobRequest request, DateTimeOffset now,
        DatasetSnapshot? dataset = null, TeacherSnapshot? teachers = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            throw new JobValidationException(errors);
        }

        var id = request.JobId ?? DerivedId(request, dataset, teachers);
        return new TrainingJobSpec(id, request with { JobId = null }, now)
        {
            Dataset = dataset,
            Teachers = teachers,
        };
    }

    /// <summary>Parses a queue message or HTTP body.</summary>
    /// <exception cref="JobValidationException">Not JSON, or not a valid request.</exception>
    public static TrainingJobRequest Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingJobRequest>(json, HydraJson.Options)
                ?? throw Invalid("body", "The body is JSON null.");
        }
        catch (JsonException e)
        {
            throw Invalid(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.'),
                $"Not a training job request: {e.Message}");
        }
    }

    public static IReadOnlyDictionary<string, string[]> Validate(TrainingJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.JobId is not null && !IsValidId(request.JobId))
        {
            errors["job_id"] =
                ["3–63 characters: lower-case letters, digits and '-', starting with a letter or digit."];
        }

        if (DatasetReference.IsStored(request.Dataset))
        {
            if (DatasetReference.NameOf(request.Dataset) is null)
            {
                errors["dataset"] = [$"'{request.Dataset}' is not \"datasets/{{name}}\" with a name of "
                    + $"{DatasetReference.NameRule}."];
            }
        }
        else if (!DatasetCatalog.Names.Contains(request.Dataset))
        {
            errors["dataset"] = [$"Unknown dataset '{request.Dataset}'; one of: "
                + $"{string.Join(", ", DatasetCatalog.Names)}, or \"datasets/{{name}}\" for one uploaded to storage."];
        }

        if (request.Teachers is { } teachers && TeacherFolder.NameOf(teachers) is null)
        {
            errors["teachers"] = [$"'{teachers}' is not \"teachers/{{name}}\" with a name of {TeacherFolder.NameRule} "
                + "(a folder of the \"teachers\" container; no '..', no absolute path)."];
        }

        ValidateArchitecture(request, errors);
        Range(errors, "members", request.Members, 1, MaxMembers);
        foreach (var (name, value) in new[] { ("member_epochs", request.MemberEpochs), ("kd_epochs", request.KdEpochs),
            ("hydra_phase1_epochs", request.HydraPhase1Epochs), ("hydra_phase2_epochs", request.HydraPhase2Epochs) })
        {
            if (value is { } epochs)
            {
                Range(errors, name, epochs, 0, MaxEpochs);
            }
        }

        if (request.TrainLimit is { } train)
        {
            Range(errors, "train_limit", train, 1, int.MaxValue);
        }

        if (request.TestLimit is { } test)
        {
            Range(errors, "test_limit", test, 1, int.MaxValue);
        }

        if (request.BatchSize is { } batch)
        {
            Range(errors, "batch_size", batch, 1, 65536);
        }

        if (request.LearningRate is { } lr && !(lr > 0 && lr < 10))
        {
            errors["learning_rate"] = ["Must be in (0, 10)."];
        }

        if (request.Temperature is { } t && !(t > 0 && t <= 100))
        {
            errors["temperature"] = ["Must be in (0, 100]."];
        }

        if (request.HydraPlusRecipe is { } recipe && !HydraPlusRecipeNames.IsKnown(recipe))
        {
            errors["hydra_plus_recipe"] = [$"Unknown recipe '{recipe}'; one of: "
                + $"{string.Join(", ", HydraPlusRecipeNames.All)}."];
        }

        return errors;
    }

    /// <summary>
    /// The same content gives the same id, so a client that retries a submission without an id still gets one job.
    /// </summary>
    /// <param name="dataset">A stored dataset's snapshot: new data under the same name make a new job.</param>
    /// <param name="teachers">A teacher folder's snapshot: new teachers under the same name make a new job.</param>
    public static string DerivedId(TrainingJobRequest request, DatasetSnapshot? dataset = null,
        TeacherSnapshot? teachers = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var canonical = JsonSerializer.SerializeToUtf8Bytes(request with { JobId = null }, HydraJson.Options);
        if (dataset is not null)
        {
            canonical = [.. canonical, .. Encoding.UTF8.GetBytes("\n" + dataset.Fingerprint)];
        }

        if (teachers is not null)
        {
            canonical = [.. canonical, .. Encoding.UTF8.GetBytes("\nteachers " + teachers.Fingerprint)];
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(canonical));
        return $"{Slug(DatasetReference.NameOf(request.Dataset) ?? request.Dataset)}-{hash[..IdHashChars]}";
    }

    private static string Slug(string dataset)
    {
        var builder = new StringBuilder();
        foreach (var c in dataset.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length is > 0 and <= 24 ? slug : "job";
    }

    private static void ValidateArchitecture(TrainingJobRequest request, Dictionary<string, string[]> errors)
    {
        ValidateArchitecture(request.Architecture, request.ArchitectureSpec, "architecture", errors);
        ValidateArchitecture(request.StudentArchitecture, request.StudentArchitectureSpec, "student_architecture",
            errors);
        if (request.StudentHeadWidth is { } width)
        {
            Range(errors, "student_head_width", width, 1, MaxHeadWidth);
        }

        // A head width applies to a distill-only job's architecture, which is its students'.
        var student = request.StudentArchitectureSpec is not null ? "student_architecture_spec"
            : request.StudentArchitecture is not null ? "student_architecture"
            : null;
        if (request.Teachers is not null && student is not null)
        {
            errors[student] = ["A distill-only job trains no members, so its architecture is its students' already: "
                + "give it as architecture or architecture_spec."];
        }
    }

    private static void ValidateArchitecture(string? preset, ArchitectureSpec? spec, string field,
        Dictionary<string, string[]> errors)
    {
        if (spec is not null)
        {
            try
            {
                spec.Validate();
            }
            catch (ArchitectureValidationException e)
            {
                errors[field + "_spec"] = [e.Message];
            }
        }
        else if (preset is not null && !ArchitecturePresets.Names.Contains(preset))
        {
            errors[field] = [$"Unknown preset '{preset}'; one of: "
                + $"{string.Join(", ", ArchitecturePresets.Names)}, "
                + $"or give {field}_spec."];
        }
    }

    private static void Range(Dictionary<string, string[]> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors[name] = [$"Must be between {min} and {max}; got {value}."];
        }
    }

    private static JobValidationException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
