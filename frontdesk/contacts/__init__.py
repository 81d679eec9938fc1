"""What a contact is, before any routing: the Contact JSON families and channels give, phone
numbers, the chat forms, and a chat's statuses with the moves between them."""
