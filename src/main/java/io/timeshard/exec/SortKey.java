package io.timeshard.exec;

/** A column of the nodes' rows that orders them, with its direction and where NULLs go. */
public record SortKey(int column, boolean descending, boolean nullsFirst, int typeOid) {}
