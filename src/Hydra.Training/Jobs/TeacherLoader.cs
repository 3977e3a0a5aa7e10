using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Teachers;

namespace Hydra.Training.Jobs;

/// <summary>
/// Opens a distill-only job's downloaded teachers for the dataset and the student's architecture: ONNX files and
/// checkpoints alike (the worker's composition provides it, since ONNX teachers live in Hydra.Onnx). The caller
/// disposes the teachers; on a failure the loader closes those it opened.
/// </summary>
/// <exception cref="TeacherException">A teacher cannot be read; the message names it.</exception>
public delegate IReadOnlyList<ITeacher> TeacherLoader(TeacherDownloader.LocalTeachers teachers, DatasetBundle bundle,
    ArchitectureSpec student);
