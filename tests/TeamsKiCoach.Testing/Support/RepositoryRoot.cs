namespace TeamsKiCoach.Tests.Support;

public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TeamsKiCoach.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TeamsKiCoach.sln not found above the test folder.");
    }
}
