using ClusterSim.Scenarios.Kubectl;

namespace ClusterSim.Tests.Kubectl;

public class TabWriterTests
{
    [Fact]
    public void TableColumnsArePaddedToTheWidestCellPlusThreeAndTheLastColumnIsNot()
    {
        var text = TablePrinter.Render(["Name", "Age"], [["web-1", "5m"], ["a", "100d"]]);
        Assert.Equal("NAME    AGE\nweb-1   5m\na       100d\n", text);
    }

    [Fact]
    public void TableColumnsAreAtLeastSixWide()
    {
        var text = TablePrinter.Render(["A", "B", "C"], [["x", "y", "z"]]);
        Assert.Equal("A     B     C\nx     y     z\n", text);
    }

    [Fact]
    public void TableWithoutRowsPrintsNothing() => Assert.Equal("", TablePrinter.Render(["Name"], []));

    [Fact]
    public void TableCellsAreCutAtTheFirstNewline()
    {
        var text = TablePrinter.Render(["Name", "Message"], [["a", "first\nsecond"]]);
        Assert.Equal("NAME   MESSAGE\na      first...\n", text);
    }

    [Fact]
    public void ColumnBlocksEndAtLinesWithFewerCells()
    {
        var text = TabWriter.ForDescribe().Format("Name:\tx\nIPs:\n  IP:\ty\nControlled By:\tz\n");
        Assert.Equal("Name:  x\nIPs:\n  IP:           y\nControlled By:  z\n", text);
    }

    [Fact]
    public void EmptyCellsArePaddedAndTrailingTextIsNot()
    {
        var text = TabWriter.ForDescribe().Format("a\t\tb\nccc\tdd\te\n");
        Assert.Equal("a        b\nccc  dd  e\n", text);
    }

    [Fact]
    public void WidthsCountRunesNotUtf16Units()
    {
        var text = TabWriter.ForDescribe().Format("\U0001F600\tx\nab\ty\n");
        Assert.Equal("\U0001F600   x\nab  y\n", text);
    }
}
