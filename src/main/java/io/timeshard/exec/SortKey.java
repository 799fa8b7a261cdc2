package io.timeshard.exec;

/** A column of the nodes' rows that orders them, with its direction, where NULLs go, and the ORDER BY text it stands for. */
public record SortKey(int column, boolean descending, boolean nullsFirst, int typeOid, String label) {}
