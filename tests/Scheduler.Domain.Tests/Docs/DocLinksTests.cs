using Scheduler.Domain.Tests.WorkingDays;

namespace Scheduler.Domain.Tests.Docs;

/// <summary>
/// The documentation's links resolve: every relative link and <c>#anchor</c> in README.md and docs/*.md names a file
/// that exists and a heading that is there (<see cref="DocLinks"/>), so renaming a heading or moving a page fails the
/// test command instead of leaving a dead link. The checker itself is shown to find each kind of broken link on a page
/// made for it.
/// </summary>
public sealed class DocLinksTests
{
    [Fact]
    public void ReadmeAndDocs_EveryRelativeLinkAndAnchorResolves()
    {
        var root = RepositoryFiles.Path(".");
        var pages = DocLinks.Pages(root);

        var (checkedLinks, broken) = DocLinks.Check(root, pages);

        Assert.True(pages.Count > 10, $"only {pages.Count} pages found under {root}");
        Assert.True(checkedLinks > 0, "no relative link was found: the checker reads nothing");
        Assert.True(
            broken.Count == 0,
            $"{broken.Count} broken of {checkedLinks} relative links in {pages.Count} pages:{Environment.NewLine}{string.Join(Environment.NewLine, broken)}");
    }

    [Fact]
    public void Check_APageWithEveryKindOfLink_FindsExactlyTheBrokenOnes()
    {
        var root = Directory.CreateTempSubdirectory("doc-links-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "docs"));
            File.WriteAllText(Path.Combine(root, "docs", "other.md"), "# Other page\n\n## Exit codes\n\n## Exit codes\n\n<a id=\"kept\"></a>\n");
            File.WriteAllText(Path.Combine(root, "docs", "data.csv"), "a,b\n");
            File.WriteAllText(
                Path.Combine(root, "README.md"),
                """
                # The `estate-scheduler` **tool**

                ## Try it (the demo)

                See [other](docs/other.md), [codes](docs/other.md#exit-codes), [again](docs/other.md#exit-codes-1), [kept](docs/other.md#kept),
                [the folder](docs), [here](#the-estate-scheduler-tool), [demo](#try-it-the-demo) and [a site](https://example.org/#nowhere).
                [gone](docs/missing.md), [no heading](docs/other.md#exit-codes-2), [csv](docs/data.csv#a), [old](#try-it)
                Not checked: `[code](docs/missing.md)`
                ```
                [fenced](docs/missing.md)
                ```
                """);

            var (checkedLinks, broken) = DocLinks.Check(root, DocLinks.Pages(root));

            Assert.Equal(11, checkedLinks);
            Assert.Equal(
                [
                    "README.md:7: docs/missing.md: no such file",
                    "README.md:7: docs/other.md#exit-codes-2: no such heading",
                    "README.md:7: docs/data.csv#a: anchor into a file that is not markdown",
                    "README.md:7: #try-it: no such heading",
                ],
                broken.Select(b => b.ToString()));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("Exit codes", "exit-codes")]
    [InlineData("The `dispatch --once` summary", "the-dispatch---once-summary")]
    [InlineData("Branch scale20 (1 Dec 2026, 05:10–06:00, CPU)", "branch-scale20-1-dec-2026-05100600-cpu")]
    [InlineData("[Settings](docs/email.md#settings) and **more**", "settings-and-more")]
    public void Slug_FollowsGitHubsAnchorRule(string heading, string anchor) => Assert.Equal(anchor, DocLinks.Slug(heading));
}
